#!/usr/bin/env python
from tietovaranto.__main__ import main

if __name__ == "__main__":
    main()

"""PostgreSQL: an entry row is stored as it is, not compressed.

The bench catalog's entries are about 2 kB, half of them over the 2 kB past which PostgreSQL tries to
compress a row's largest values; that mostly saved nothing on these terms and JSON texts, and the
attempt was a twentieth of writing the entries in a rebuild (0.641 -> 0.606 s). Rows up to a page
(8,160 bytes) are now kept whole; larger ones (a resource with hundreds of items) are still
compressed and moved out of line.
"""

from django.db import migrations

from tietovaranto.search.migrations._vendor_sql import run_on


class Migration(migrations.Migration):
    dependencies = [("search", "0015_postgres_description_document")]

    operations = [
        migrations.RunPython(
            run_on("postgresql", ["ALTER TABLE search_searchentry SET (toast_tuple_target = 8160)"]),
            run_on("postgresql", ["ALTER TABLE search_searchentry RESET (toast_tuple_target)"]),
        )
    ]

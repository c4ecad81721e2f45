from django.core.management.base import BaseCommand, CommandError

from kinerja.activities import partitions


class Command(BaseCommand):
    help = (
        "The yearly partitions of the activity table (PostgreSQL). Without options: lists them with "
        "their row counts. --ensure YEAR creates a year's partition (moving its rows out of DEFAULT); "
        "--detach YEAR detaches a closed year into the table activities_activity_<YEAR>_archived "
        "to dump and drop (docs/scaling.md)."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--ensure", type=int, metavar="YEAR", help="create the partition of YEAR if missing")
        action.add_argument("--detach", type=int, metavar="YEAR", help="detach the partition of a closed YEAR")
        parser.add_argument("--database", default="default")

    def handle(self, *args, ensure=None, detach=None, database="default", **options):
        try:
            if ensure is not None:
                created, moved = partitions.partition_ensure(year=ensure, using=database)
                name = partitions.partition_name(ensure)
                if created:
                    self.stdout.write(f"Created {name}; {moved} row(s) moved out of the DEFAULT partition.")
                else:
                    self.stdout.write(f"{name} exists already; nothing to do.")
            elif detach is not None:
                table, rows = partitions.partition_detach(year=detach, using=database)
                self.stdout.write(
                    f"Detached {detach}: {rows} row(s) are now in the standalone table {table}.\n"
                    f"Archive it with: pg_dump --format=custom --table={table} --file={table}.pgdump <database>\n"
                    f"then drop it: DROP TABLE {table};"
                )
            else:
                for partition in partitions.partition_list(using=database):
                    self.stdout.write(f"{partition.name:<32} {partition.rows:>12}  {partition.bounds}")
        except partitions.PartitionError as error:
            raise CommandError(str(error)) from None

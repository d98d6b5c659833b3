from django.core.management.base import BaseCommand, CommandError

from shebao.core.auditchain import chain_status, checkpoint_path


class Command(BaseCommand):
    help = (
        "Re-compute the audit chain's seals and compare it with its head and the last checkpoint kept "
        "outside the database; exit non-zero and name the first bad entry if any."
    )

    def handle(self, *args, **options):
        status = chain_status()
        if status.broken is not None:
            where = f" at entry #{status.broken.seq}" if status.broken.seq else ""
            raise CommandError(f"audit log broken{where}: {status.broken.reason}")
        checkpoint = status.checkpoint
        against = (
            f"checked against the checkpoint of batch {checkpoint.batch} ({checkpoint.at}, entry "
            f"#{checkpoint.seq}) in {checkpoint_path()}"
            if checkpoint
            else f"no checkpoint in {checkpoint_path()} yet"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"audit log intact: {status.sealed} entries sealed, {against}; "
                f"{status.unsealed} not sealed yet"
            )
        )
        if status.checkpoint_pending:
            self.stdout.write("the last batch's checkpoint is pending: the sealer writes it on its next run")

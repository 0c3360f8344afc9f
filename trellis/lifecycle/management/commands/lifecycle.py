"""`trellis lifecycle train-fit`: learn the partner-fit model from the partners' outcomes now
(the weekly schedule does it too), and print its held-out quality."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trellis.core.actor import SYSTEM
from trellis.lifecycle.services import fit_model_train
from trellis.lifecycle.services.fit_learning import WINDOW_DAYS


class Command(BaseCommand):
    help = "Partner lifecycle jobs."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train-fit", help="Learn the partner-fit model now.")
        train.add_argument(
            "--window-days",
            type=int,
            default=WINDOW_DAYS,
            help="Reaching revenue within this many days of joining counts as success.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        run = fit_model_train(actor=SYSTEM, window_days=opts["window_days"])
        self.stdout.write(
            f"Trained on {run.trained_on} partners, held out {run.tested_on} "
            f"(base rate {run.base_rate:.2f}); AUC {run.auc if run.auc is not None else '-'}, "
            f"top fifth {run.top_fifth_rate if run.top_fifth_rate is not None else '-'}; "
            f"{'trusted' if run.trusted else 'not trusted'}: {run.explanation}"
        )

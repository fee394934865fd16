from celery import shared_task


@shared_task
def recompute_round(round_id: int) -> None:
    """Thin interface: recompute a round's rankings. (Computation lands with the rankings issue.)"""

"""The review has no task of its own: emails go through accounts.tasks.send_notification_emails
and ranking recomputes through results.tasks.recompute_round, both dispatched on commit."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from api import authentication as tokens
from core import formatting


class Command(BaseCommand):
    help = "Cấp (hoặc cấp lại với --rotate) token API cho một tài khoản, ví dụ tài khoản hệ thống của một nguồn đo."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Thu hồi token cũ và cấp token mới.")

    def handle(self, *args, username, rotate, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động “{username}”.")
        if rotate:
            tokens.revoke(user=user)
        token = tokens.issue(user=user)
        self.stdout.write(token.key)
        self.stderr.write(f"Hết hạn lúc {formatting.moment(tokens.expires_at(token))}.")

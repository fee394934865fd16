"""The login form, bounded before anything stores what was typed.

Django's AuthenticationForm sets the username field's max_length after the field is built,
so the length is never validated, and the throttle (django-axes) then writes the whole value
into its 255-character column: a 500. Both fields are bounded here, before authenticate().
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

PASSWORD_MAX_LENGTH = 4096  # far above any pass phrase; hashing a megabyte costs a worker


class LoginForm(AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))

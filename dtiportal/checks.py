"""System checks of the deployment that Django's own `check --deploy` does not make."""

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.files.storage import storages


@register(Tags.staticfiles, deploy=True)
def static_manifest_present(app_configs, **kwargs):
    """With the manifest storage every page that names a static file answers 500 until
    `collectstatic` has written the manifest; say so before the web processes start.
    A deploy check only: the release step runs `migrate` (which runs the ordinary checks)
    before `collectstatic` writes the manifest."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            f"The static files manifest {storage.path(storage.manifest_name)} is missing: every page would answer 500.",
            hint="Run the release step `manage.py collectstatic --noinput` (docs/deployment.md) with this STATIC_ROOT.",
            id="dtiportal.E001",
        )
    ]

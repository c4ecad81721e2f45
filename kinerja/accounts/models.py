"""Logins. A login (User) is not an employee record: not every pegawai has a login yet, and a
superadmin has no NIP. Employees log in with their NIP as the username."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields):
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields):
        fields.update(role=User.Role.SUPERADMIN, is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. ``role`` is the granted role; *atasan* is not granted but derived from the
    supervisor hierarchy (anyone with subordinates), see ``org.access``."""

    class Role(models.TextChoices):
        PEGAWAI = "pegawai", _("Pegawai")
        ADMIN = "admin", _("Admin kepegawaian")
        PIMPINAN = "pimpinan", _("Pimpinan")
        SUPERADMIN = "superadmin", _("Superadmin")

    username = models.CharField(
        _("NIP / nama pengguna"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("NIP ini sudah memiliki akun.")},
    )
    full_name = models.CharField(_("nama"), max_length=200, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    instansi = models.ForeignKey("org.Instansi", on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    employee = models.OneToOneField(
        "org.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="user"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.PEGAWAI)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(default=False)
    must_change_password = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("akun")
        verbose_name_plural = _("akun")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="superadmin") | models.Q(instansi__isnull=False),
                name="user_has_instansi_unless_superadmin",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_superadmin(self) -> bool:
        return self.role == self.Role.SUPERADMIN

    @property
    def is_instansi_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    @property
    def is_pimpinan(self) -> bool:
        return self.role == self.Role.PIMPINAN


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="api")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, *, name: str = "api", ttl=None) -> tuple["ApiToken", str]:
        key = "knj_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            digest=cls.hash_key(key),
            prefix=key[4:12],
            expires_at=timezone.now() + ttl if ttl else None,
        )
        return token, key

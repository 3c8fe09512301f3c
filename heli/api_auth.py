"""API token authentication with one prepared query instead of the ORM's select_related lookup.

DRF's TokenAuthentication compiles `Token.objects.select_related("user").get(key=…)` on every API
call (~0.5 ms of CPU here, a tenth of a request create). Same rules and messages, same tokens.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from heli.lib.sql import fetch_one


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        where = f"t0.id = (SELECT user_id FROM {Token._meta.db_table} WHERE key = %s)"
        user = fetch_one(get_user_model(), where, [key])
        if user is None:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("该用户已停用或已删除。"))
        token = Token(key=key, user=user)
        token._state.adding = False
        return user, token

"""The consultants' roles: their emoji and the Fluent keys of their names and answer prefixes."""

from __future__ import annotations

from db.enums import Role

ROLES: dict[Role, str] = {Role.LAWYER: "⚖️", Role.DOCTOR: "🩺", Role.SOCIAL: "🤝"}
ROLE_NAME_KEYS: dict[Role, str] = {
    Role.LAWYER: "consult-role-lawyer",
    Role.DOCTOR: "consult-role-doctor",
    Role.SOCIAL: "consult-role-social",
}
# An answer reaches the person under its role ("Lawyer:"), never under the consultant's name.
ROLE_PREFIX_KEYS: dict[Role, str] = {
    Role.LAWYER: "consult-prefix-lawyer",
    Role.DOCTOR: "consult-prefix-doctor",
    Role.SOCIAL: "consult-prefix-social",
}

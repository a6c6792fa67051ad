"""The only module that imports pyrage (age): protected values sealed to public keys, opened with identities.

A protected value becomes one line of text, `ENC[age,<set>,<base64 of an age file>]`, valid in
any YAML scalar position. `<set>` names the recipients it was sealed to (a hash of their keys,
so `attu keys check` can tell a value sealed to an older set of keys without opening it: age's
X25519 stanzas do not say whom they are for). The age file holds the value with its YAML type
(`d:2025-03-01`, `s:text`...), so a date comes back a date.

No cryptography is made here: age does it all (X25519 or SSH ed25519 recipients, ChaCha20-Poly1305).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

TYPE_CHECKING = False  # typing, base64 and datetime (re, enum...) cost a replayed answer 15 ms: imported where used
if TYPE_CHECKING:
    from typing import Any

PREFIX = "ENC[age,"
SUFFIX = "]"


class CryptoError(Exception):
    """A key or a ciphertext that cannot be used; the message names neither a secret nor a value."""


def is_sealed(value: Any) -> bool:
    """Whether a parsed scalar is a sealed value."""
    return isinstance(value, str) and value.startswith(PREFIX) and value.endswith(SUFFIX)


def recipient_set(keys: Iterable[str]) -> str:
    """A short stable name for a set of public keys (order and duplicates do not matter)."""
    joined = "\n".join(sorted(set(keys)))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def set_of(sealed: str) -> str:
    """The recipient set a sealed value names."""
    return sealed[len(PREFIX) :].split(",", 1)[0]


def parse_recipient(key: str) -> Any:
    """A public key as age uses it: `age1...` (X25519) or `ssh-ed25519 AAAA...`; CryptoError if neither."""
    from pyrage import ssh, x25519

    key = key.strip()
    try:
        if key.startswith("age1"):
            return x25519.Recipient.from_str(key)
        if key.startswith("ssh-ed25519 "):
            return ssh.Recipient.from_str(key)
    except Exception:  # pyrage's RecipientError, or a ValueError for bad encoding
        raise CryptoError("not a valid public key") from None
    raise CryptoError("not an age public key (age1...) nor an SSH ed25519 public key (ssh-ed25519 ...)")


def seal(value: Any, keys: Sequence[str]) -> str:
    """The value sealed to every one of these public keys."""
    import base64

    import pyrage

    if not keys:
        raise CryptoError("no recipients to encrypt to")
    payload = _encode(value).encode("utf-8")
    sealed = pyrage.encrypt(payload, [parse_recipient(key) for key in keys])
    return f"{PREFIX}{recipient_set(keys)},{base64.b64encode(sealed).decode('ascii')}{SUFFIX}"


def open_sealed(sealed: str, identities: Sequence[Any]) -> Any:
    """The value inside, opened with one of the identities; CryptoError if it is damaged or not for them."""
    import base64
    import binascii

    import pyrage

    body = sealed[len(PREFIX) : -len(SUFFIX)].split(",", 1)
    try:
        raw = base64.b64decode(body[1], validate=True) if len(body) == 2 else b""
    except (binascii.Error, ValueError):
        raw = b""
    if not raw:
        raise CryptoError("the encrypted value is damaged (not valid base64)")
    if not identities:
        raise CryptoError("no key to decrypt it")
    try:
        payload = pyrage.decrypt(raw, list(identities))
    except Exception as exc:  # DecryptError: no matching key, or a damaged / truncated file
        reason = str(exc).lower()
        if "no matching keys" in reason or "no identity matched" in reason:
            raise CryptoError("encrypted to other keys than yours") from None
        raise CryptoError("the encrypted value is damaged or truncated") from None
    try:
        return _decode(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CryptoError("the encrypted value does not hold a value attu wrote") from None


def _encode(value: Any) -> str:
    import datetime as dt

    if value is None:
        return "n:"
    if isinstance(value, bool):
        return f"b:{'true' if value else 'false'}"
    if isinstance(value, int):
        return f"i:{int(value)}"
    if isinstance(value, float):
        return f"f:{float(value)!r}"
    if isinstance(value, dt.date):
        return f"d:{value.isoformat()}"
    return f"s:{value}"


def _decode(text: str) -> Any:
    import datetime as dt

    kind, _, rest = text.partition(":")
    if kind == "s":
        return rest
    if kind == "d":
        return dt.date.fromisoformat(rest)
    if kind == "i":
        return int(rest)
    if kind == "f":
        return float(rest)
    if kind == "b" and rest in ("true", "false"):
        return rest == "true"
    if kind == "n":
        return None
    raise ValueError(kind)


def encrypt_bytes(payload: bytes, keys: Sequence[str]) -> bytes:
    """Bytes encrypted to every one of these public keys, as one binary age file (for caches, not for YAML)."""
    import pyrage

    if not keys:
        raise CryptoError("no recipients to encrypt to")
    return bytes(pyrage.encrypt(payload, [parse_recipient(key) for key in keys]))


def decrypt_bytes(encrypted: bytes, identities: Sequence[Any]) -> bytes:
    """The bytes inside a binary age file, opened with one of the identities; CryptoError if it is not for them."""
    import pyrage

    if not identities:
        raise CryptoError("no key to decrypt it")
    try:
        return bytes(pyrage.decrypt(encrypted, list(identities)))
    except Exception:  # DecryptError: no matching key, or a damaged / truncated file
        raise CryptoError("encrypted to other keys than yours, or damaged") from None


# --- identities ---------------------------------------------------------------------------------


def new_identity() -> tuple[str, str]:
    """A fresh age identity: (the secret key's text, its public key)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def read_identity(raw: bytes) -> tuple[list[Any], list[str]]:
    """The identities in an identity file (age keys, or one OpenSSH ed25519 key) and their public keys.

    CryptoError for anything else: an unreadable file, a passphrase-protected key, an RSA key.
    """
    text = raw.decode("utf-8", "replace")
    if "-----BEGIN OPENSSH PRIVATE KEY-----" in text:
        return _read_ssh(raw)
    from pyrage import x25519

    identities, public = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("AGE-SECRET-KEY-1"):
            raise CryptoError("not an age identity file (AGE-SECRET-KEY-1...) nor an OpenSSH private key")
        try:
            identity = x25519.Identity.from_str(line)
        except Exception:
            raise CryptoError("holds a damaged age secret key") from None
        identities.append(identity)
        public.append(str(identity.to_public()))
    if not identities:
        raise CryptoError("holds no key")
    return identities, public


def _read_ssh(raw: bytes) -> tuple[list[Any], list[str]]:
    from pyrage import ssh

    public = _ssh_public_key(raw)
    if public is None:
        raise CryptoError("is an SSH key attu cannot use: use an ed25519 key (ssh-keygen -t ed25519) or an age identity")
    try:
        identity = ssh.Identity.from_buffer(raw)
    except Exception:
        raise CryptoError(
            "is an SSH key protected by a passphrase (or damaged): attu cannot ask for it; use an age identity"
        ) from None
    return [identity], [public]


def _ssh_public_key(raw: bytes) -> str | None:
    """The `ssh-ed25519 AAAA...` public key written in clear in an OpenSSH private key file, if it is one."""
    import base64
    import binascii

    text = raw.decode("ascii", "replace")
    try:
        body = text.split("-----BEGIN OPENSSH PRIVATE KEY-----", 1)[1].split("-----END OPENSSH PRIVATE KEY-----", 1)[0]
        blob = base64.b64decode("".join(body.split()))
    except (IndexError, binascii.Error, ValueError):
        return None
    magic = b"openssh-key-v1\0"
    if not blob.startswith(magic):
        return None
    offset = len(magic)
    fields: list[bytes] = []
    # Cipher name, kdf name, kdf options (strings), the number of keys (a uint32), then the first public key.
    for is_count in (False, False, False, True, False):
        if is_count:
            offset += 4
            continue
        if offset + 4 > len(blob):
            return None
        size = int.from_bytes(blob[offset : offset + 4], "big")
        fields.append(blob[offset + 4 : offset + 4 + size])
        offset += 4 + size
    key_blob = fields[3]
    if not key_blob.startswith(b"\0\0\0\x0bssh-ed25519"):
        return None
    return "ssh-ed25519 " + base64.b64encode(key_blob).decode("ascii")

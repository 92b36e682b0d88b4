"""A small SAML 2.0 identity provider for the tests: it reads the site's real
AuthnRequest and answers with a Response whose Assertion is signed with XML-DSig
(xmlsec, through python3-saml's own signing helper) by a key made for the test run.
The site checks it exactly as it would a real provider's: signature, issuer,
audience, recipient, times and InResponseTo."""

import base64
import datetime
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.utils import OneLogin_Saml2_Utils

IDP_ENTITY_ID = "https://idp.example.com/saml"
IDP_SSO_URL = "https://idp.example.com/saml/sso"


def make_key_and_certificate() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test idp")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def request_id(redirect_url: str) -> str:
    """The ID of the AuthnRequest the site sent (HTTP-Redirect binding)."""
    query = parse_qs(urlsplit(redirect_url).query)
    xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(query["SAMLRequest"][0])
    return xml.decode().split(' ID="', 1)[1].split('"', 1)[0]


def _instant(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def signed_response(
    *,
    key: str,
    certificate: str,
    in_response_to: str,
    acs_url: str,
    audience: str,
    name_id: str,
    attributes: dict[str, list[str]],
    issued: datetime.datetime | None = None,
    sign: bool = True,
) -> str:
    """A base64 SAMLResponse, as the browser posts it to the site's ACS."""
    issued = issued or datetime.datetime.now(datetime.UTC)
    later = issued + datetime.timedelta(minutes=5)
    statements = "".join(
        f'<saml:Attribute Name="{escape(name)}">'
        + "".join(
            f'<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:type="xs:string">{escape(value)}</saml:AttributeValue>'
            for value in values
        )
        + "</saml:Attribute>"
        for name, values in attributes.items()
    )
    assertion_id = OneLogin_Saml2_Utils.generate_unique_id()
    assertion = (
        f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="{assertion_id}" Version="2.0" IssueInstant="{_instant(issued)}">'
        f"<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>"
        f"<saml:Subject>"
        f'<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
        f"{escape(name_id)}</saml:NameID>"
        f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData NotOnOrAfter="{_instant(later)}" '
        f'Recipient="{acs_url}" InResponseTo="{in_response_to}"/>'
        f"</saml:SubjectConfirmation></saml:Subject>"
        f'<saml:Conditions NotBefore="{_instant(issued)}" '
        f'NotOnOrAfter="{_instant(later)}">'
        f"<saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience>"
        f"</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{_instant(issued)}" '
        f'SessionIndex="{assertion_id}"><saml:AuthnContext>'
        f"<saml:AuthnContextClassRef>"
        f"urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        f"</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        f"<saml:AttributeStatement>{statements}</saml:AttributeStatement>"
        f"</saml:Assertion>"
    )
    if sign:
        assertion = OneLogin_Saml2_Utils.add_sign(assertion, key, certificate)
        if isinstance(assertion, bytes):
            assertion = assertion.decode()
        assertion = assertion.split("?>", 1)[-1]  # no XML declaration inside
    response = (
        f'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="{OneLogin_Saml2_Utils.generate_unique_id()}" Version="2.0" '
        f'IssueInstant="{_instant(issued)}" Destination="{acs_url}" '
        f'InResponseTo="{in_response_to}">'
        f"<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>"
        f"<samlp:Status>"
        f'<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        f"</samlp:Status>{assertion}</samlp:Response>"
    )
    return base64.b64encode(response.encode()).decode()

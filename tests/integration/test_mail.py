"""Mail leaves through the server EMAIL_URL names: here, a real SMTP server on loopback."""
from django.core.mail import send_mail


def test_mail_reaches_the_smtp_server_with_its_headers(smtp_server):
    send_mail("Hello", "A body.", None, ["reader@example.org"])
    (message,) = smtp_server.to("reader@example.org")
    assert (message["Subject"], message["From"]) == ("Hello", "Diplomatic Speech Archive <alerts@localhost>")
    assert message.get_content().strip() == "A body."

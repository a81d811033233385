"""An address's mails a day are counted with every address of its mailbox ("name+news@" is "name@"), so
that no one floods a stranger's inbox by writing the address otherwise: each subscriber's mailbox is
written down. An alert whose address's mail server refused it for good is stopped, in a state of its own."""
from django.db import migrations, models

from speeches.models.alerts import one_mailbox


def write_mailboxes(apps, schema_editor):
    Subscriber = apps.get_model("speeches", "Subscriber")
    for subscriber in Subscriber.objects.only("pk", "email").iterator(chunk_size=500):
        Subscriber.objects.filter(pk=subscriber.pk).update(mailbox=one_mailbox(subscriber.email))


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0054_footnote_asterisks_shown'),
    ]

    operations = [
        migrations.AddField(
            model_name='subscriber',
            name='mailbox',
            field=models.CharField(db_index=True, default='', editable=False, help_text='The mailbox the address delivers to, its subaddress aside: its mails a day are counted with every address of it.', max_length=254),
        ),
        migrations.AlterField(
            model_name='alert',
            name='state',
            field=models.CharField(choices=[('unconfirmed', 'Waiting for the address to confirm'), ('active', 'Active'), ('suspended', 'Suspended by an administrator'), ('stopped', 'Stopped: its search can no longer run'), ('refused', "Stopped: its address's mail server refused it for good")], default='unconfirmed', max_length=12),
        ),
        migrations.RunPython(write_mailboxes, migrations.RunPython.noop),
    ]

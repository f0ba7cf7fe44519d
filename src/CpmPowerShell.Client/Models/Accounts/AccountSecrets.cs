using System.Runtime.Serialization;

namespace CpmPowerShell.Models
{
    // The external id of a cross-account role is a shared secret. The guide lists it among the fields an
    // account record has, so a server may send it back; the module drops it as soon as a record is read,
    // so it never shows in objects, views, exports or Set-* requests (a PUT without it keeps the stored one).

    public sealed partial class Account
    {
        [OnDeserialized]
        void ForgetExternalId(StreamingContext context)
        {
            ExternalId = null;
            GetAdditionalProperties().Remove("external_id");
        }
    }

    public sealed partial class BackupAccount
    {
        [OnDeserialized]
        void ForgetExternalId(StreamingContext context)
        {
            ExternalId = null;
            GetAdditionalProperties().Remove("external_id");
        }
    }

    public sealed partial class DrAccount
    {
        [OnDeserialized]
        void ForgetExternalId(StreamingContext context)
        {
            ExternalId = null;
            GetAdditionalProperties().Remove("external_id");
        }
    }
}

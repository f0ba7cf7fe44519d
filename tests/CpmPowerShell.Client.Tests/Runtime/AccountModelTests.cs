using System.Linq;
using CpmPowerShell.Models;
using Xunit;

namespace CpmPowerShell.Client.Tests.Runtime;

/// <summary>Accounts (chapter 4): the external id never stays in a record; permission check texts become parts.</summary>
public class AccountModelTests
{
    [Fact]
    public void The_external_id_a_server_sends_is_dropped_when_a_record_is_read()
    {
        const string json = "{\"id\":3,\"name\":\"dr\",\"external_id\":\"shared-secret-42\",\"role_name\":\"R\"}";
        var records = new CpmModel[] { CpmJson.Deserialize<Account>(json), CpmJson.Deserialize<BackupAccount>(json), CpmJson.Deserialize<DrAccount>(json) };
        foreach (var record in records)
        {
            Assert.DoesNotContain("shared-secret-42", CpmJson.Serialize(record));
            Assert.DoesNotContain("shared-secret-42", record.ToString());
            Assert.False(record.GetAdditionalProperties().ContainsKey("external_id"));
        }
        Assert.Null(((DrAccount)records[2]).ExternalId);
        Assert.Equal("R", ((DrAccount)records[2]).RoleName);
    }

    [Fact]
    public void A_permission_check_row_becomes_one_object_per_check()
    {
        var row = CpmJson.Deserialize<AccountPermissionCheck>(
            "{\"account_name\":\"web\",\"account_number\":\"123456789012\",\"connection\":\"OK\",\"groups\":[\"Backup/ec2:CreateSnapshot: Missing\",\"DR/ec2:CopySnapshot: OK\",\"free text\"]}");
        var checks = row.Split(4, "Backup").ToList();
        Assert.Equal(3, checks.Count);
        Assert.Equal(("Backup", "ec2:CreateSnapshot", "Missing", true), (checks[0].Group, checks[0].Permission, checks[0].Status, checks[0].IsMissing));
        Assert.Equal(("DR", "ec2:CopySnapshot", "OK", false), (checks[1].Group, checks[1].Permission, checks[1].Status, checks[1].IsMissing));
        Assert.Equal(("free text", null), (checks[2].Permission, checks[2].Status));
        Assert.All(checks, c => Assert.Equal((4L, "Backup", "web"), (c.AccountId!.Value, c.AccountKind, c.AccountName)));
        // A row without checks (a failed connection) still shows.
        Assert.Single(CpmJson.Deserialize<AccountPermissionCheck>("{\"connection\":\"Failed\"}").Split(5, "DR"));
    }
}

using System.Runtime.Serialization;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Which snapshots of a policy Remove-CpmPolicySnapshot deletes. The names are also the codes, so the
    /// module's enum handling (one value only, names listed on a typo) applies.
    /// </summary>
    public enum PolicySnapshotScope
    {
        /// <summary>Every snapshot of the policy's backups (DELETE /api/policies/{id}/snapshots/).</summary>
        [EnumMember(Value = "All")]
        All = 1,
        /// <summary>Only the native AWS snapshots; copies in S3 and Glacier stay (.../snapshots/native/).</summary>
        [EnumMember(Value = "Native")]
        Native = 2,
        /// <summary>The native snapshots and the S3 backup and Glacier archive copies (.../snapshots/s3/).</summary>
        [EnumMember(Value = "NativeS3AndGlacier")]
        NativeS3AndGlacier = 3,
    }
}

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Every ErrorId this module reports, in one place. Scripts and tests key on them
    /// (FullyQualifiedErrorId), so a value never changes once released. The endings of tracked work
    /// (CpmBackupFailed...) are generated from the overlay's "work" sections into the other part of this class.
    /// </summary>
    public static partial class CpmErrorIds
    {
        // What the server answered (one per CpmErrorKind; categories in CpmErrorMap).
        public const string ValidationFailed = "CpmValidationFailed";
        public const string Unauthorized = "CpmUnauthorized";
        public const string Forbidden = "CpmForbidden";
        public const string NotFound = "CpmNotFound";
        public const string MethodNotAllowed = "CpmMethodNotAllowed";
        public const string ApiVersionNotAcceptable = "CpmApiVersionNotAcceptable";
        public const string MediaTypeNotAcceptable = "CpmMediaTypeNotAcceptable";
        public const string Conflict = "CpmConflict";
        /// <summary>412: the object is not in a state that allows this now (InvalidOperation everywhere).</summary>
        public const string PreconditionFailed = "CpmPreconditionFailed";
        public const string Throttled = "CpmThrottled";
        public const string ServerError = "CpmServerError";
        public const string ConnectionFailed = "CpmConnectionFailed";
        public const string Timeout = "CpmTimeout";
        public const string CertificateRejected = "CpmCertificateRejected";
        public const string InvalidResponse = "CpmInvalidResponse";
        public const string RedirectRefused = "CpmRedirectRefused";
        public const string RequestFailed = "CpmRequestFailed";
        public const string UnexpectedError = "CpmUnexpectedError";

        // Connections.
        public const string NotConnected = "CpmNotConnected";
        public const string ConnectionNotFound = "CpmConnectionNotFound";
        public const string ConnectionClosed = "CpmConnectionClosed";
        public const string ServerMismatch = "CpmServerMismatch";
        public const string InvalidServerAddress = "CpmInvalidServerAddress";
        public const string UserUnknown = "CpmUserUnknown";

        // The user's input.
        public const string InvalidArgument = "CpmInvalidArgument";
        public const string MissingId = "CpmMissingId";
        public const string UnsupportedInput = "CpmUnsupportedInput";
        public const string ConfirmationRequired = "CpmConfirmationRequired";
        /// <summary>Find-CpmCommand: no endpoint matches the criteria.</summary>
        public const string CommandNotFound = "CpmCommandNotFound";

        // Waiting for tracked work.
        public const string WaitTimeout = "CpmWaitTimeout";
        public const string BackupNotFound = "CpmBackupNotFound";
        /// <summary>A permission check found AWS permissions an account lacks (Test-CpmAccountPermission).</summary>
        public const string AwsPermissionMissing = "CpmAwsPermissionMissing";

        // Files (downloads and uploads).
        public const string BinaryContent = "CpmBinaryContent";
        public const string OutFileFolderNotFound = "CpmOutFileFolderNotFound";
        public const string FileExists = "CpmFileExists";
        public const string InFileNotFound = "CpmInFileNotFound";
        public const string FileAccessDenied = "CpmFileAccessDenied";
        public const string FileError = "CpmFileError";
    }
}

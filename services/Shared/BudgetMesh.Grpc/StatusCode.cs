namespace BudgetMesh.Grpc;

/// <summary>The gRPC status codes, with the numeric values sent in the <c>grpc-status</c> trailer.</summary>
public enum StatusCode
{
    /// <summary>Success.</summary>
    OK = 0,
    /// <summary>The caller cancelled the call.</summary>
    Cancelled = 1,
    /// <summary>An error without a better code, e.g. an unexpected exception in a handler.</summary>
    Unknown = 2,
    /// <summary>The request is invalid whatever the system state; usually carries field violations.</summary>
    InvalidArgument = 3,
    /// <summary>The deadline passed before the call completed.</summary>
    DeadlineExceeded = 4,
    /// <summary>A requested entity does not exist.</summary>
    NotFound = 5,
    /// <summary>The entity a client tried to create already exists.</summary>
    AlreadyExists = 6,
    /// <summary>The caller may not do this.</summary>
    PermissionDenied = 7,
    /// <summary>A quota or limit (e.g. the maximum message size) was exceeded.</summary>
    ResourceExhausted = 8,
    /// <summary>The system is not in a state the operation requires.</summary>
    FailedPrecondition = 9,
    /// <summary>The operation was aborted, e.g. by a concurrency conflict.</summary>
    Aborted = 10,
    /// <summary>The operation went past the valid range.</summary>
    OutOfRange = 11,
    /// <summary>The method or service is not implemented by the server.</summary>
    Unimplemented = 12,
    /// <summary>An invariant of the protocol or the server is broken.</summary>
    Internal = 13,
    /// <summary>The service is unavailable right now; the only code clients retry.</summary>
    Unavailable = 14,
    /// <summary>Unrecoverable data loss or corruption.</summary>
    DataLoss = 15,
    /// <summary>The caller is not authenticated.</summary>
    Unauthenticated = 16,
}

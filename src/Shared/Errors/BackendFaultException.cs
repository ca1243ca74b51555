namespace RagMemory.Errors;

/// <summary>
/// A backend answered, but with an error that is neither its unavailability nor the caller's fault (an internal error,
/// a refused credential, a collection gone). It counts against the backend's breaker like any failure; the API answers
/// 500 without its detail, which goes to the log and the breaker's last error instead.
/// </summary>
public sealed class BackendFaultException(string message, Exception? inner = null) : Exception(message, inner);

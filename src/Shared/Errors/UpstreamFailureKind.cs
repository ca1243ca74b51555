namespace RagMemory.Errors;

/// <summary>How a backend failed, which decides the status a caller gets: 502, 503 or 504.</summary>
public enum UpstreamFailureKind
{
    /// <summary>The backend refused or broke (authentication, connection, a bad answer): 502.</summary>
    Failed,

    /// <summary>The backend says it cannot serve now and a later try may succeed: 503.</summary>
    Unavailable,

    /// <summary>The backend did not finish in time: 504.</summary>
    TimedOut,
}

namespace RagMemory.LoadTest.Reporting;

/// <summary>
/// One endpoint's requests per window of its policy, whether the limiter held (see <see cref="WindowCheck"/>), and the
/// server's own counters for the policy over the run (from <c>GET /admin/rate-limits</c>, when the account may read them).
/// </summary>
public sealed record PolicyWindows(
    string Endpoint,
    string Policy,
    int PermitLimit,
    int WindowSeconds,
    IReadOnlyList<WindowCount> Windows,
    bool Holds,
    long? ServerPermitted,
    long? ServerRejected);

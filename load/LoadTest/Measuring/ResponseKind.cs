namespace RagMemory.LoadTest.Measuring;

/// <summary>How an answer counts in the report: 429s and 409s are the service keeping its promises, not errors.</summary>
public enum ResponseKind
{
    Ok,

    /// <summary>409: the scenario reused an id with other content, as its random ids do.</summary>
    Conflict,

    /// <summary>429: the rate limiter refused the request.</summary>
    RateLimited,

    /// <summary>Any other 4xx.</summary>
    ClientError,

    /// <summary>5xx.</summary>
    ServerError,

    /// <summary>No answer: the connection failed or the request timed out (status 0).</summary>
    NoAnswer,
}

public static class ResponseKinds
{
    public static ResponseKind Of(int status) => status switch
    {
        >= 200 and < 400 => ResponseKind.Ok,
        409 => ResponseKind.Conflict,
        429 => ResponseKind.RateLimited,
        >= 400 and < 500 => ResponseKind.ClientError,
        >= 500 => ResponseKind.ServerError,
        _ => ResponseKind.NoAnswer,
    };

    /// <summary>Whether the request spent a permit of its policy: everything the limiter let through to the route.</summary>
    public static bool PassedLimiter(int status) => status is not (0 or 401 or 403 or 429);
}

using System.ComponentModel.DataAnnotations;

namespace RagMemory.OpenAi;

/// <summary>
/// One OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp's server, OpenAI, Azure OpenAI): where it is, which model,
/// the key, how long a request may take and how hard we may call it. Chat and embeddings each bind their own section,
/// since they are often served apart. Every message names the configuration key at fault.
/// </summary>
public abstract class OpenAiEndpointOptions : IValidatableObject
{
    /// <summary>The configuration section, e.g. <c>OpenAi:Chat</c>.</summary>
    protected abstract string Section { get; }

    /// <summary>The API's base address including its version path: <c>http://localhost:11434/v1</c> for Ollama.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model (for Azure OpenAI, the deployment) named in every request.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token. Servers that need none (Ollama, a local vLLM) ignore it; leave it out then.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Longest one HTTP request may take (for a streamed answer: the wait for each piece of it).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests per minute we send at most (0: no limit of ours); a request over it waits for a permit.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Requests that may wait for a permit; one more is refused at once with 503 and Retry-After.</summary>
    public int QueueLimit { get; set; } = 100;

    /// <summary>How often a 429 from the endpoint is retried after the Retry-After it gives, before we answer 503.</summary>
    public int RateLimitRetries { get; set; } = 2;

    /// <summary>The longest Retry-After we wait out; a longer one is passed on to the caller at once as 503.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base address as a URI ending with a slash, so that relative paths append to its version path.</summary>
    /// <remarks>A method, not a property, so that validation, which reads every property, never meets an unset address.</remarks>
    public Uri Endpoint() => new(BaseUrl!.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    /// <summary>The base address without any user information, for logs and the Health page.</summary>
    public string Location() => new UriBuilder(Endpoint()) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(BaseUrl))
        {
            yield return Invalid(nameof(BaseUrl), "is required: the endpoint's base address with its version path, e.g. http://localhost:11434/v1.");
        }
        else if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return Invalid(nameof(BaseUrl), $"must be an absolute http or https address; '{BaseUrl}' is not.");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return Invalid(nameof(Model), "is required: the model (for Azure OpenAI, the deployment) to ask.");
        }

        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(30))
        {
            yield return Invalid(nameof(Timeout), $"must be between 00:00:00.100 and 00:30:00; it is {Timeout}.");
        }

        if (RequestsPerMinute is < 0 or > 1_000_000)
        {
            yield return Invalid(nameof(RequestsPerMinute), $"must be between 0 (no limit) and 1000000; it is {RequestsPerMinute}.");
        }

        if (QueueLimit is < 0 or > 100_000)
        {
            yield return Invalid(nameof(QueueLimit), $"must be between 0 and 100000; it is {QueueLimit}.");
        }

        if (RateLimitRetries is < 0 or > 10)
        {
            yield return Invalid(nameof(RateLimitRetries), $"must be between 0 and 10; it is {RateLimitRetries}.");
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromMinutes(10))
        {
            yield return Invalid(nameof(MaxRetryAfter), $"must be between 00:00:00 and 00:10:00; it is {MaxRetryAfter}.");
        }

        foreach (var result in ValidateSection())
        {
            yield return result;
        }
    }

    /// <summary>The checks of the settings a section adds to the endpoint's.</summary>
    protected virtual IEnumerable<ValidationResult> ValidateSection() => [];

    /// <summary>A failure naming the full key, e.g. <c>OpenAi:Chat:BaseUrl</c>.</summary>
    protected ValidationResult Invalid(string property, string problem) => new($"{Section}:{property} {problem}", [property]);
}

using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace RagMemory.OpenAi;

/// <summary>Builds the OpenAI client for one endpoint, with our request policy in its pipeline and its own retries off.</summary>
internal static class OpenAiClients
{
    /// <summary>Some servers need no key, but the OpenAI client insists on one; they ignore what it sends.</summary>
    private const string NoKey = "no-key";

    public static OpenAIClient Create(OpenAiEndpointOptions options, OpenAiRequestPolicy policy)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint(),
            NetworkTimeout = options.Timeout,

            // The backend's pipeline retries failures and our policy retries 429s after their Retry-After; a third
            // layer of retries would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        clientOptions.AddPolicy(policy, PipelinePosition.PerCall);
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? NoKey : options.ApiKey), clientOptions);
    }
}

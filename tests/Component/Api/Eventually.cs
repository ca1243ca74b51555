using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

/// <summary>Waits for asynchronous ingestion by polling its status route, with a generous bound for a loaded CI machine.</summary>
public static class Eventually
{
    public static async Task<JsonElement> DoneAsync(HttpClient client, string id, string expected = "done", int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        JsonElement status = default;
        while (DateTime.UtcNow < deadline)
        {
            status = await client.GetFromJsonAsync<JsonElement>($"/ingest/{Uri.EscapeDataString(id)}");
            if (status.GetProperty("status").GetString() == expected)
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Event {id} did not reach '{expected}' within {timeoutSeconds} s; last status: {status}");
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// Several programs submitting events to one portal at once, each on its own connection, until told to stop or
/// until the portal goes away. Every submission ends in one of three books: <see cref="Accepted"/> (a 202 arrived,
/// so the portal promised it), <see cref="Uncertain"/> (the connection broke before an answer: it may or may not be
/// in) and <see cref="Refused"/> (any other answer).
/// </summary>
public sealed class IngestingClients(int seed)
{
    private int _round;

    /// <summary>Events whose 202 arrived, by id, with their text.</summary>
    public ConcurrentDictionary<string, string> Accepted { get; } = new();

    /// <summary>Events whose answer never came (the process died mid-request), by id, with their text.</summary>
    public ConcurrentDictionary<string, string> Uncertain { get; } = new();

    /// <summary>Events answered with something other than 202, with the status code.</summary>
    public ConcurrentDictionary<string, HttpStatusCode> Refused { get; } = new();

    /// <summary>The round (1, 2, … one per <see cref="RunAsync"/>) an id was submitted in.</summary>
    public static int RoundOf(string id) => int.Parse(id.AsSpan(1, id.IndexOf('-', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture);

    /// <summary>Every event the portal may hold: accepted or uncertain.</summary>
    public IReadOnlyDictionary<string, string> Submitted =>
        Accepted.Concat(Uncertain).ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>
    /// Runs <paramref name="clients"/> clients against <paramref name="baseAddress"/>, each pausing
    /// <paramref name="pause"/> between submissions, until <paramref name="stop"/> is cancelled or a client's
    /// connection fails (the process is gone; that client stops there), or after <paramref name="perClient"/> submissions.
    /// </summary>
    public async Task RunAsync(Uri baseAddress, string token, int clients, TimeSpan pause, CancellationToken stop, int perClient = int.MaxValue)
    {
        var round = Interlocked.Increment(ref _round);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => RunClientAsync(baseAddress, token, round, client, pause, perClient, stop)));
    }

    private async Task RunClientAsync(Uri baseAddress, string token, int round, int client, TimeSpan pause, int perClient, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(seed, round, client));
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var n = 0; n < perClient && !stop.IsCancellationRequested; n++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"r{round}-c{client}-n{n}");
            var text = CorpusText.For(id, random);
            try
            {
                // Not cancelled by stop: a request already sent runs to its answer, so that its book is known.
                using var response = await http.PostAsJsonAsync("/ingest/", new { id, text, metadata = new { round, client } }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Accepted[id] = text;
                }
                else
                {
                    Refused[id] = response.StatusCode;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                Uncertain[id] = text;
                return;
            }

            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

namespace RagMemory.LoadTest.Scenarios;

/// <summary>
/// One kind of request in a scenario: its name in the report, its weight in the mix, the rate-limit policy it spends
/// from (to check the limiter's windows), and how to make one with the caller's random source.
/// </summary>
public sealed record LoadTask(string Name, int Weight, string Policy, Func<Random, HttpRequestMessage> CreateRequest);

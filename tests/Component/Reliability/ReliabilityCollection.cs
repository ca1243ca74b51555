namespace RagMemory.Tests.Reliability;

/// <summary>
/// The tests that start, kill and stop real portal processes: alone, after the parallel tests, so that their
/// processes do not share two cores with a whole test run and their kill moments fall where the seed says.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "reliability: real portal processes, alone";
}

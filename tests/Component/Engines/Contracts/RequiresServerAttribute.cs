namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// Put on a contract test class that runs against a real server named by an environment variable
/// (<c>RAGMEMORY_TEST_QDRANT</c>): without the variable, each of its <see cref="ContractFactAttribute"/> and
/// <see cref="ContractTheoryAttribute"/> tests is reported as skipped with that reason, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresServerAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}

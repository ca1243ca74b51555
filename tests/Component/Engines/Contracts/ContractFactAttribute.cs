using Xunit.Sdk;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>A contract fact: runs for every adapter's test class, skipped (with the reason) where <see cref="RequiresServerAttribute"/> names a variable that is not set.</summary>
[XunitTestCaseDiscoverer("RagMemory.Tests.Engines.Contracts.ContractFactDiscoverer", "RagMemory.Tests.Component")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>A contract theory: as <see cref="ContractFactAttribute"/>, one skipped test in place of its rows when the server is missing.</summary>
[XunitTestCaseDiscoverer("RagMemory.Tests.Engines.Contracts.ContractTheoryDiscoverer", "RagMemory.Tests.Component")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractTheoryAttribute : TheoryAttribute;

namespace RagMemory.Tests.Resilience;

public enum FaultMode
{
    Pass,
    Fail,
    Stall,
}

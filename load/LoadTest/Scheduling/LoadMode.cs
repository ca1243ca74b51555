namespace RagMemory.LoadTest.Scheduling;

public enum LoadMode
{
    /// <summary>The plan's users: each signs in once, then runs tasks with a think time between them.</summary>
    Users,

    /// <summary>Closed loop: N workers, each sends its next request as soon as the last one answered.</summary>
    Closed,

    /// <summary>Open loop: requests start at a fixed arrival rate whatever the answers take.</summary>
    Open,
}

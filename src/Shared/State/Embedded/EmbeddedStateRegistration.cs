using Microsoft.Extensions.Hosting;
using RagMemory.Storage;

namespace RagMemory.State.Embedded;

public static class EmbeddedStateRegistration
{
    /// <summary>Accounts, API clients, limit overrides and their audit in the data folder's SQLite file (<c>Engines:State=Embedded</c>).</summary>
    public static IHostApplicationBuilder AddEmbeddedState(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        return builder;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RagMemory.Storage;

public static class SqliteRegistration
{
    /// <summary>The one SQLite file in the data folder that every embedded engine chosen shares; registered once.</summary>
    public static IServiceCollection AddEmbeddedDatabase(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        return services;
    }
}

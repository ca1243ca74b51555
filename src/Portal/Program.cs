using RagMemory.Api;
using RagMemory.Api.RequestPolicies;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Logging;
using RagMemory.Observability;
using RagMemory.Portal;
using RagMemory.RateLimiting;

// The app's own folder holds its configuration and (published) web root, wherever the command runs; relative data
// paths resolve against the working folder, which `dotnet run` keeps as the user's (RunWorkingDirectory).
// `backup --to DIR` and `restore --from DIR` work on the data folder and exit (docs/operations.md).
if (DataFolderCommands.IsCommand(args))
{
    return DataFolderCommands.Run(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddRagMemoryLogging();
builder.AddRagMemoryEngines();
builder.AddRagMemoryIdentity();
builder.AddRagMemoryRateLimiting();
builder.AddRagMemoryMetrics();
builder.AddRagMemoryApi();
builder.AddRagMemoryPortal();

var app = builder.Build();
app.UseRagMemoryRequestPolicies();
app.UseAuthentication();
app.UseUserLogContext();
app.UseAuthorization();
app.UseRagMemoryRateLimits();
app.UseAntiforgery();
app.MapRagMemoryApi();
app.MapRagMemoryMetrics();
app.MapRagMemoryPortal();
app.Run();
return 0;

/// <summary>The entry point, visible to the in-process API tests' WebApplicationFactory.</summary>
public partial class Program;

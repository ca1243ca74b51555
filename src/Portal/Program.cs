using RagMemory;
using RagMemory.Api;
using RagMemory.Identity;
using RagMemory.Portal;

var builder = WebApplication.CreateBuilder(args);
builder.AddRagMemoryEngines();
builder.AddRagMemoryIdentity();
builder.AddRagMemoryApi();
builder.AddRagMemoryPortal();

var app = builder.Build();
app.UseRagMemoryRequestPolicies();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapRagMemoryApi();
app.MapRagMemoryPortal();
app.Run();

/// <summary>The entry point, visible to the in-process API tests' WebApplicationFactory.</summary>
public partial class Program;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RagMemory.Api.RequestPolicies;

namespace RagMemory.Tests.Api;

/// <summary>
/// A build's manifest can list an asset whose file is not there (a partial deployment; before the README fix, every
/// packaged asset outside Development): that is a missing file to the browser, never a server error.
/// </summary>
public sealed class StaticAssetFailureTests
{
    [Fact]
    public async Task A_static_asset_whose_file_is_missing_answers_404()
    {
        var context = ContextFor(new StaticAssetDescriptor { Route = "app.css", AssetPath = "app.css", Selectors = [], Properties = [], ResponseHeaders = [] });

        Assert.True(await Handler(context).TryHandleAsync(context, new FileNotFoundException("gone", "app.css"), CancellationToken.None));

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_missing_file_anywhere_else_stays_a_500()
    {
        var context = ContextFor();

        Assert.True(await Handler(context).TryHandleAsync(context, new FileNotFoundException("gone", "model.onnx"), CancellationToken.None));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
    }

    private static DefaultHttpContext ContextFor(params object[] endpointMetadata)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(endpointMetadata), "under test"));
        return context;
    }

    private static ProblemDetailsExceptionHandler Handler(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemDetailsExceptionHandler>.Instance);
}

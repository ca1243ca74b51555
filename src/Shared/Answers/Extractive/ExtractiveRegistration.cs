using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;

namespace RagMemory.Answers.Extractive;

public static class ExtractiveRegistration
{
    /// <summary>Answers made of the passages closest to the question, with citations; no model (<c>Engines:Answers=Extractive</c>).</summary>
    public static IHostApplicationBuilder AddExtractiveAnswers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKeyedSingleton<IChatClient, ExtractiveChatClient>(EngineRegistration.Adapter);
        return builder;
    }

    /// <summary>The extractive answerer as the stand-in for a model that fails (<c>Answers:Fallback=Extractive</c>).</summary>
    public static IHostApplicationBuilder AddExtractiveAnswerFallback(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKeyedSingleton<IChatClient, ExtractiveChatClient>(AnswerService.FallbackKey);
        return builder;
    }
}

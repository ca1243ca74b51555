using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;

namespace RagMemory.Answers.OpenAi;

public static class OpenAiAnswersRegistration
{
    /// <summary>Answers written by a model behind any OpenAI-compatible chat endpoint (<c>Engines:Answers=OpenAi</c>, section <c>OpenAi:Chat</c>).</summary>
    public static IHostApplicationBuilder AddOpenAiAnswers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpenAiChatOptions>().BindConfiguration(OpenAiChatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OpenAiChatClient>();
        builder.Services.AddKeyedSingleton<IChatClient>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<OpenAiChatClient>());
        return builder;
    }
}

using Microsoft.Extensions.AI;
using RagMemory.Answers;
using RagMemory.Answers.Extractive;

namespace RagMemory.Tests.Engines;

[Collection(MiniLmCollection.Name)]
public sealed class ExtractiveChatClientTests(MiniLmFixture model)
{
    private static readonly string[] Passages =
    [
        "The Eiffel Tower stands in Paris. It was completed in 1889 for the World's Fair.",
        "Mount Everest is the highest mountain on Earth. Climbers need bottled oxygen near its summit.",
        "Photosynthesis turns light into chemical energy in plants.",
    ];

    private readonly ExtractiveChatClient _client = new(model.Generator);

    [Theory]
    [InlineData("What is the tallest mountain in the world?", "Mount Everest is the highest mountain on Earth.", 2)]
    [InlineData("When was the Eiffel Tower finished?", "It was completed in 1889 for the World's Fair.", 1)]
    [InlineData("How do plants make energy from sunlight?", "Photosynthesis turns light into chemical energy in plants.", 3)]
    public async Task The_answer_quotes_the_sentence_holding_the_answer_and_cites_its_passage(string question, string sentence, int passage)
    {
        var response = await _client.GetResponseAsync(AnswerPrompt.Build(question, Passages));

        Assert.Contains($"{sentence} [{passage}]", response.Text, StringComparison.Ordinal);
        Assert.Contains(passage, AnswerPrompt.CitedPassages(response.Text));
    }

    [Fact]
    public async Task The_answer_cites_only_passages_that_exist()
    {
        var response = await _client.GetResponseAsync(AnswerPrompt.Build("What is the tallest mountain in the world?", Passages));

        Assert.All(AnswerPrompt.CitedPassages(response.Text), n => Assert.InRange(n, 1, Passages.Length));
    }

    [Fact]
    public async Task The_answer_is_no_answer_when_there_are_no_passages()
    {
        var response = await _client.GetResponseAsync(AnswerPrompt.Build("What is the tallest mountain?", []));

        Assert.Equal(ExtractiveChatClient.NoAnswer, response.Text);
        Assert.Empty(AnswerPrompt.CitedPassages(response.Text));
    }

    [Fact]
    public async Task The_answer_is_no_answer_when_the_messages_are_not_an_answer_prompt()
    {
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello there")]);

        Assert.Equal(ExtractiveChatClient.NoAnswer, response.Text);
    }

    [Fact]
    public async Task The_response_names_the_extractive_model()
    {
        var response = await _client.GetResponseAsync(AnswerPrompt.Build("Where is the Eiffel Tower?", Passages));

        Assert.Equal(ExtractiveChatClient.ModelId, response.ModelId);
        Assert.Equal(ExtractiveChatClient.ModelId, _client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task Streaming_gives_the_same_answer_as_a_single_response()
    {
        var messages = AnswerPrompt.Build("Where is the Eiffel Tower?", Passages);

        var single = await _client.GetResponseAsync(messages);
        var streamed = await _client.GetStreamingResponseAsync(messages).ToChatResponseAsync();

        Assert.Equal(single.Text, streamed.Text);
    }
}

using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using RagMemory.Tests.Engines.OpenAi;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

/// <summary>With <c>Engines:Answers=OpenAi</c>, a reader watches the answer being written, stops it, and asks again to read it whole.</summary>
public sealed class OpenAiAnswerJourneyTests(OpenAiPortalFixture fixture, ITestOutputHelper output) : IClassFixture<OpenAiPortalFixture>
{
    private const string Text = "The Brightwater lighthouse was repainted red by its keeper Marguerite Okafor in March 2024.";
    private const string Question = "Who repainted the Brightwater lighthouse?";

    [Fact]
    public async Task A_streamed_answer_shows_as_it_is_written_can_be_stopped_and_read_whole_with_its_citation()
    {
        await using var session = await fixture.StartSessionAsync(nameof(A_streamed_answer_shows_as_it_is_written_can_be_stopped_and_read_whole_with_its_citation), output);
        var page = session.Page;
        var search = new SearchPage(page);
        var eventId = $"e2e-{Guid.NewGuid():N}"[..16];
        using (var api = await PortalApi.SignInAsync(fixture.BaseAddress))
        {
            await api.IngestAsync(eventId, Text, TimeSpan.FromSeconds(60));
        }

        await session.SignInAsync();
        fixture.Model.HoldStreams = true;
        await session.StepAsync("answer-being-written", async () =>
        {
            await search.GotoAsync();
            await search.WaitUntilInteractiveAsync();
            await search.SearchAsync(Question);
            await Expect(search.ResultFor(eventId)).ToBeVisibleAsync();
            await Expect(search.Answer).ToHaveTextAsync("The first ");
            await Expect(search.AnswerStop).ToBeVisibleAsync();
        });

        await session.StepAsync("answer-stopped", async () =>
        {
            await search.AnswerStop.ClickAsync();
            await Expect(search.AnswerStopped).ToBeVisibleAsync();
            await Expect(search.AnswerStop).ToHaveCountAsync(0);
            await Expect(search.Answer).ToHaveTextAsync("The first ");
        });

        // The stop reached the model: its stream was closed, not left to run on.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fixture.Model.AbortedStreams == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, fixture.Model.AbortedStreams);
        fixture.Model.Reset();
        await session.StepAsync("answer-whole", async () =>
        {
            await search.SearchButton.ClickAsync();
            await Expect(search.Answer).ToHaveTextAsync("The first passage answers it [1].");
            await Expect(search.CitationLinks).ToHaveTextAsync([$"Event {eventId}"]);
            await Expect(search.AnswerModel).ToContainTextAsync(OpenAiCompatibleTestDouble.ChatModel);
            await Expect(search.AnswerModel).ToContainTextAsync("tokens in, 6 out");
        });
    }
}

using System.Text.Json;
using Messaging.Sdk.Vendors.Enswitch;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.Tests.Vendors;

public sealed class EnswitchTests
{
    private const string Seed = "enswitch-emails-send.txt";

    private static (string Url, string Json) Example(string title)
    {
        var text = Seeds.Read(Seed);
        var line = text.Split('\n').SkipWhile(l => !l.StartsWith(title, StringComparison.Ordinal)).Skip(1).First().TrimEnd('\r');
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        return (line[..brace], line[brace..]);
    }

    [Fact]
    public async Task SeedExample1_DestinationMe_ParsesAndAnswersTheDocumentedJson()
    {
        var (url, json) = Example("Example: With required and recommended parameters");

        var request = EmailsSendRequest.Parse(url);
        var response = await new ScriptedEmailSender().SendAsync(request, new StaticResolver("user@example.com"));

        request.Should().Be(new EmailsSendRequest
        {
            AuthUsername = "user", AuthPassword = "password", Destination = EnswitchDestination.Me,
            From = "from@example.com", Subject = "Example email", Body = "This is an example email",
        });
        Seeds.SqueezeJson(response.ToJson()).Should().Be(Seeds.SqueezeJson(json));
        Response.ParseJson(json).ToJson().Should().Be(response.ToJson());
    }

    [Fact]
    public async Task SeedExample2_EmailsList_ParsesAndAnswersTheDocumentedJson()
    {
        var (url, json) = Example("Example: With emails parameter");
        var sender = new ScriptedEmailSender();

        var request = EmailsSendRequest.Parse(url);
        var response = await sender.SendAsync(request);

        request.Destination.Should().Be(EnswitchDestination.Emails);
        request.Emails.Should().Equal("destination1@example.com", "destination2@example.com");
        Seeds.SqueezeJson(response.ToJson()).Should().Be(Seeds.SqueezeJson(json));
        response.Count.Should().Be(2);
        sender.Sent.Select(m => m.To.Single().Address).Should().Equal("destination1@example.com", "destination2@example.com");
        sender.Sent.Should().AllSatisfy(m =>
        {
            m.From!.Address.Should().Be("from@example.com");
            m.Subject.Should().Be("Example email");
            m.TextBody.Should().Be("This is an example email");
        });
    }

    [Theory]
    [InlineData("a@x.example b@x.example")]
    [InlineData("a@x.example,b@x.example")]
    [InlineData("a@x.example, b@x.example")]
    [InlineData(" a@x.example ,,  b@x.example ")]
    public void Emails_AreSeparatedBySpacesAndOrCommas(string emails)
        => EmailsSendRequest.Parse("emails=" + Uri.EscapeDataString(emails)).Emails.Should().Equal("a@x.example", "b@x.example");

    [Theory]
    [InlineData("", EnswitchDestination.Emails)]
    [InlineData("billing", EnswitchDestination.Billing)]
    [InlineData("billing_recursive", EnswitchDestination.BillingRecursive)]
    [InlineData("customer", EnswitchDestination.Customer)]
    [InlineData("me", EnswitchDestination.Me)]
    [InlineData("recursive", EnswitchDestination.Recursive)]
    public void Destination_HasTheSixDocumentedValues_AndRoundTrips(string wire, EnswitchDestination expected)
    {
        var request = EmailsSendRequest.Parse("destination=" + wire);

        request.Destination.Should().Be(expected);
        expected.ToWireValue().Should().Be(wire);
        EmailsSendRequest.Parse(request.ToQueryString()).Should().Be(request);
    }

    [Fact]
    public void Destination_AbsentIsTheEmailsList_AndAnUnknownValueIs400WithKeyDestination()
    {
        EmailsSendRequest.Parse("from=a%40b.example").Destination.Should().Be(EnswitchDestination.Emails);
        EmailsSendRequest.TryParse("destination=everyone", out _, out var error).Should().BeFalse();
        error!.Code.Should().Be(EnswitchResponseCode.BadRequest);
        error.Key.Should().Be("destination");
    }

    [Theory]
    [InlineData(';')]
    [InlineData('&')]
    public void EmailsSend_RoundTripsWithEitherSeparator(char separator)
    {
        var request = new EmailsSendRequest
        {
            AuthUsername = "user", AuthPassword = "p;a&s=s", Destination = EnswitchDestination.Emails, Emails = ["a@x.example", "b@x.example"],
            From = "from@example.com", Subject = "Hi; there & more", Body = "Line 1\nLine 2 + 50%", Customer = 42,
        };

        var query = request.ToQueryString(separator);

        query.Should().Contain($"auth_username=user{separator}");
        EmailsSendRequest.Parse(query).Should().Be(request);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('&')]
    public void TextSend_RoundTripsWithEitherSeparator_IncludingBase64Files(char separator)
    {
        var request = new TextSendRequest
        {
            AuthUsername = "user", AuthPassword = "pw", CNumber = "+46708251359", Message = "Hi + bye", SType = "phone", SNumber = "+46708251358", Customer = 7,
            Files = [new() { FileName = "a.png", Content = new byte[] { 0xFB, 0xFF, 0x00, 0x3E } }, new() { FileName = "b.txt", Content = "hello"u8.ToArray() }],
        };

        var query = request.ToQueryString(separator);

        query.Should().Contain("filename1=a.png").And.Contain("file2=aGVsbG8%3D");
        TextSendRequest.Parse(query).Should().Be(request);
    }

    [Fact]
    public void Parse_AcceptsMixedSeparators()
        => TextSendRequest.Parse("cnumber=1234567;message=hi&snumber=7654321").Should().Be(new TextSendRequest { CNumber = "1234567", Message = "hi", SNumber = "7654321" });

    [Fact]
    public void TextSend_FilesAreOrderedByIndex_AndAnUnescapedPlusInBase64IsTolerated()
    {
        var request = TextSendRequest.Parse("file2=aGk=;filename2=two;file1=+/8=;filename1=one");

        request.Files.Select(f => f.FileName).Should().Equal("one", "two");
        request.Files[0].Content.ToArray().Should().Equal(0xFB, 0xFF);
    }

    [Theory]
    [InlineData("file1=%%%", "file1")]
    [InlineData("filename3=x", "file3")]
    [InlineData("customer=abc", "customer")]
    public void TextSend_MalformedParameters_Are400WithTheirKey(string query, string key)
    {
        TextSendRequest.TryParse(query, out _, out var error).Should().BeFalse();

        error!.Code.Should().Be(EnswitchResponseCode.BadRequest);
        error.Key.Should().Be(key);
    }

    public static TheoryData<int, string> Codes() => new()
    {
        { 200, "OK" }, { 204, "OK" }, { 400, "Invalid input parameters specified." }, { 401, "The authentication details provided are invalid." },
        { 402, "Your role does not allow this." }, { 403, "Your rate plan does not allow this." }, { 500, "The message could not be sent." },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryResponseCode_IsTyped_AndRoundTripsThroughJson(int code, string message)
    {
        var typed = (EnswitchResponseCode)code;
        Enum.IsDefined(typed).Should().BeTrue();
        Response.DefaultMessage(typed).Should().Be(message);
        var response = code == 400 ? Response.BadRequest("emails", message) : Response.Error(typed);

        var json = response.ToJson();
        var parsed = Response.ParseJson(json);

        json.Should().Contain($"\"code\":\"{code}\"");
        parsed.Code.Should().Be(typed);
        parsed.Key.Should().Be(code == 400 ? "emails" : string.Empty);
        parsed.Responses.Should().Equal(response.Responses);
        parsed.ToJson().Should().Be(json);
    }

    [Fact]
    public void Response_204HasNoData_And200CarriesTheCount()
    {
        Response.NoContent().ToJson().Should().Be("{\"responses\":[{\"code\":\"204\",\"key\":\"\",\"message\":\"OK\"}]}");
        Response.EmailsSent(3).ToJson().Should().Be("{\"responses\":[{\"code\":\"200\",\"key\":\"\",\"message\":\"OK\"}],\"data\":{\"count\":3}}");
        Response.ParseJson("{\"responses\":[{\"code\":200,\"key\":\"\",\"message\":\"OK\"}],\"data\":{\"count\":3}}").Count.Should().Be(3);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"data\":1}")]
    [InlineData("{\"responses\":[{\"code\":\"abc\"}]}")]
    public void ParseJson_RejectsMalformedEnvelopes(string json)
        => FluentActions.Invoking(() => Response.ParseJson(json)).Should().Throw<FormatException>();

    [Fact]
    public void EveryParameterInTheSeedAndTheReference_IsMappedToAProperty()
    {
        var seedNames = Seeds.TableNames(Seeds.Read(Seed), "Name | Type | Description", skip: 1);
        seedNames.Should().Equal("auth_username", "auth_password", "destination", "emails", "from", "subject", "body", "customer");
        var samples = new Dictionary<string, string> { ["destination"] = "me", ["customer"] = "7", ["fileX"] = "aGk=", ["filenameX"] = "a.txt" };

        foreach (var name in seedNames)
        {
            EmailsSendRequest.ParameterNames.Should().Contain(name);
            EmailsSendRequest.Parse($"{name}={samples.GetValueOrDefault(name, "x@y.example")}").Should().NotBe(new EmailsSendRequest(), $"{name} must land in a property");
        }

        // messages/text/send, from the reference page (vendor-apis.md).
        foreach (var name in new[] { "auth_username", "auth_password", "cnumber", "message", "stype", "snumber", "customer", "filenameX", "fileX" })
        {
            TextSendRequest.ParameterNames.Should().Contain(name);
            var wire = name.Replace("X", "1", StringComparison.Ordinal);
            var query = $"{wire}={samples.GetValueOrDefault(name, "7")}" + (name == "filenameX" ? ";file1=aGk=" : string.Empty);
            TextSendRequest.Parse(query).Should().NotBe(new TextSendRequest { Files = name == "filenameX" ? [new() { Content = "hi"u8.ToArray() }] : [] }, $"{name} must land in a property");
        }
    }

    [Theory]
    [InlineData("me")]
    [InlineData("customer")]
    [InlineData("billing")]
    [InlineData("billing_recursive")]
    [InlineData("recursive")]
    public async Task EmailsSend_WithAResolvedDestinationAndNoResolver_Is400WithKeyDestination(string destination)
    {
        var sender = new ScriptedEmailSender();

        var response = await sender.SendAsync(EmailsSendRequest.Parse($"destination={destination};from=a%40b.example;subject=s;body=b"));

        response.Code.Should().Be(EnswitchResponseCode.BadRequest);
        response.Key.Should().Be("destination");
        response.Responses[0].Message.Should().Contain("IEnswitchDestinationResolver");
        sender.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task EmailsSend_WithAResolver_SendsToTheResolvedAddresses()
    {
        var sender = new ScriptedEmailSender();
        var resolver = new StaticResolver("c1@x.example", "c2@x.example", "c3@x.example");

        var response = await sender.SendAsync(EmailsSendRequest.Parse("destination=customer;from=a%40b.example;subject=s;body=b;customer=12"), resolver);

        response.Count.Should().Be(3);
        resolver.Seen.Should().Equal(EnswitchDestination.Customer);
        sender.Sent.Select(m => m.To.Single().Address).Should().Equal("c1@x.example", "c2@x.example", "c3@x.example");
    }

    [Fact]
    public async Task EmailsSend_UsesTheResolverRegisteredInDi_AndWithoutOneIs400WithKeyDestination()
    {
        var request = EmailsSendRequest.Parse("destination=me;from=a%40b.example;subject=s;body=b");
        using var empty = new ServiceCollection().BuildServiceProvider();
        using var withResolver = new ServiceCollection().AddSingleton<IEnswitchDestinationResolver>(new StaticResolver("me@x.example")).BuildServiceProvider();
        var sender = new ScriptedEmailSender();

        var missing = await sender.SendAsync(request, empty);
        var resolved = await sender.SendAsync(request, withResolver);

        missing.Code.Should().Be(EnswitchResponseCode.BadRequest);
        missing.Key.Should().Be("destination");
        resolved.Count.Should().Be(1);
        sender.Sent.Single().To.Single().Address.Should().Be("me@x.example");
    }

    [Theory]
    [InlineData("emails=a%40x.example;subject=s;body=b", "from")]
    [InlineData("from=bad;emails=a%40x.example;subject=s;body=b", "from")]
    [InlineData("from=f%40x.example;emails=a%40x.example;body=b", "subject")]
    [InlineData("from=f%40x.example;emails=a%40x.example;subject=s", "body")]
    [InlineData("from=f%40x.example;subject=s;body=b", "emails")]
    [InlineData("from=f%40x.example;emails=a%40x.example,nope;subject=s;body=b", "emails")]
    [InlineData("from=f%40x.example;emails=a%40x.example;subject=a%0D%0ABcc:%20x%40y.example;body=b", "subject")]
    public async Task EmailsSend_InvalidInput_Is400WithTheParameterAsKey(string query, string key)
    {
        var response = await new ScriptedEmailSender().SendAsync(EmailsSendRequest.Parse(query));

        response.Code.Should().Be(EnswitchResponseCode.BadRequest);
        response.Key.Should().Be(key);
        response.Data.Should().BeNull();
    }

    [Fact]
    public async Task EmailsSend_WhenSomeRecipientsAreRejected_CountsTheAcceptedAndListsTheFailures()
    {
        var sender = new ScriptedEmailSender(m => m.To[0].Address.StartsWith("bad", StringComparison.Ordinal)
            ? EmailSendResult.Rejected(550, "5.1.1 No such user") with { Transport = "smtp" }
            : EmailSendResult.Accepted("id"));

        var response = await sender.SendAsync(EmailsSendRequest.Parse("from=f%40x.example;emails=a%40x.example bad%40x.example c%40x.example;subject=s;body=b"));

        response.Code.Should().Be(EnswitchResponseCode.Ok);
        response.Count.Should().Be(2);
        response.Responses.Should().HaveCount(2);
        response.Responses[1].Should().Match<ResponseStatus>(r => r.Code == EnswitchResponseCode.BadRequest && r.Key == "emails" && r.Message.Contains("bad@x.example"));
        response.SendResults.Should().HaveCount(3);
    }

    [Fact]
    public async Task EmailsSend_WhenTheTransportIsDown_Is500NotAnException()
    {
        var sender = new ScriptedEmailSender { Throw = _ => new MessagingTransportException("Could not connect to smtp.example.com:587.") };

        var response = await sender.SendAsync(EmailsSendRequest.Parse("from=f%40x.example;emails=a%40x.example;subject=s;body=b"));

        response.Code.Should().Be(EnswitchResponseCode.ServerError);
        response.Data.Should().BeNull();
    }

    [Fact]
    public async Task TextSend_MapsTheParameters_AndAnswers204()
    {
        var sender = new ScriptedSmsSender();

        var response = await sender.SendAsync(TextSendRequest.Parse("auth_username=u;auth_password=p;cnumber=%2B46708251359;message=Hello;stype=phone;snumber=%2B46708251358"));

        response.ToJson().Should().Be("{\"responses\":[{\"code\":\"204\",\"key\":\"\",\"message\":\"OK\"}]}");
        sender.Sent.Single().Should().Be(new SmsMessage { To = PhoneNumber.Parse("+46708251359"), From = PhoneNumber.Parse("+46708251358"), Text = "Hello" });
    }

    [Theory]
    [InlineData("message=x;snumber=1234567", "cnumber")]
    [InlineData("cnumber=1234567;snumber=1234567", "message")]
    [InlineData("cnumber=1234567;message=x", "snumber")]
    [InlineData("cnumber=1234567;message=x;snumber=1234567;stype=fax", "stype")]
    [InlineData("cnumber=12;message=x;snumber=1234567", "cnumber")]
    [InlineData("cnumber=MyShop;message=x;snumber=1234567", "cnumber")]
    [InlineData("cnumber=1234567;message=x;snumber=%3F%3F", "snumber")]
    [InlineData("cnumber=1234567;message=x;snumber=1234567;file1=aGk=", "file1")]
    public async Task TextSend_InvalidInput_Is400WithTheParameterAsKey(string query, string key)
    {
        var response = await new ScriptedSmsSender().SendAsync(TextSendRequest.Parse(query));

        response.Code.Should().Be(EnswitchResponseCode.BadRequest);
        response.Key.Should().Be(key);
    }

    [Theory]
    [InlineData(0x0B, EnswitchResponseCode.BadRequest, "cnumber")]
    [InlineData(0x0A, EnswitchResponseCode.BadRequest, "snumber")]
    [InlineData(0x01, EnswitchResponseCode.BadRequest, "message")]
    [InlineData(0x58, EnswitchResponseCode.ServerError, "")]
    [InlineData(0x45, EnswitchResponseCode.ServerError, "")]
    public async Task TextSend_WhenTheSmscRejects_MapsTheStatus(int status, EnswitchResponseCode code, string key)
    {
        var response = await new ScriptedSmsSender(_ => ScriptedSmsSender.Smpp(status, "ESME")).SendAsync(TextSendRequest.Parse("cnumber=1234567;message=x;snumber=1234567"));

        response.Code.Should().Be(code);
        response.Key.Should().Be(key);
    }

    [Fact]
    public async Task TextSend_UnknownOutcomeAndTransportFailure_Are500()
    {
        var request = TextSendRequest.Parse("cnumber=1234567;message=x;snumber=1234567");

        var unknown = await new ScriptedSmsSender(_ => new SmsSendResult { Status = SendStatus.Unknown }).SendAsync(request);
        var down = await new ScriptedSmsSender { Throw = _ => new MessagingTransportException("bind failed") }.SendAsync(request);

        unknown.Code.Should().Be(EnswitchResponseCode.ServerError);
        unknown.Responses[0].Message.Should().Contain("unknown");
        down.Code.Should().Be(EnswitchResponseCode.ServerError);
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        new EmailsSendRequest { AuthPassword = "hunter2-secret" }.ToString().Should().NotContain("hunter2-secret");
        new TextSendRequest { AuthPassword = "hunter2-secret" }.ToString().Should().NotContain("hunter2-secret");
    }

    private sealed class StaticResolver(params string[] addresses) : IEnswitchDestinationResolver
    {
        public List<EnswitchDestination> Seen { get; } = [];

        public ValueTask<IReadOnlyList<EmailAddress>> ResolveAsync(EnswitchDestination destination, EmailsSendRequest request, CancellationToken cancellationToken = default)
        {
            Seen.Add(destination);
            return ValueTask.FromResult<IReadOnlyList<EmailAddress>>([.. addresses.Select(EmailAddress.Parse)]);
        }
    }
}

using Messaging.Sdk.Validation;

namespace Messaging.Sdk.Testing;

/// <summary>The shared, thread-safe machinery of the in-memory senders: recording and failure injection.</summary>
/// <typeparam name="TMessage">The message type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public abstract class InMemorySender<TMessage, TResult>
    where TMessage : class
    where TResult : SendResult
{
    private readonly object _gate = new();
    private readonly List<InMemorySendRecord<TMessage, TResult>> _records = [];
    private readonly List<Rule> _rules = [];
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the sender.</summary>
    /// <param name="validator">Validates messages as a real sender would; <see langword="null"/> for the default limits.</param>
    /// <param name="timeProvider">The clock for record timestamps; <see langword="null"/> for the system clock.</param>
    /// <param name="senderName">The sender name reported in results.</param>
    private protected InMemorySender(MessageValidator? validator, TimeProvider? timeProvider, string? senderName)
    {
        SenderName = senderName ?? "inmemory";
        Validator = validator ?? MessageValidator.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The sender name reported in <see cref="SendResult.SenderName"/>.</summary>
    public string SenderName { get; }

    /// <summary>The validator applied before every send, as a real sender does.</summary>
    protected MessageValidator Validator { get; }

    /// <summary>Every send attempt, in order, with its outcome.</summary>
    public IReadOnlyList<InMemorySendRecord<TMessage, TResult>> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The messages that were accepted, in order.</summary>
    public IReadOnlyList<TMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Where(r => r.Result?.Status == SendStatus.Accepted).Select(r => r.Message)];
            }
        }
    }

    /// <summary>Rejects the next <paramref name="count"/> sends with the given native code and text.</summary>
    /// <param name="count">How many sends to reject.</param>
    /// <param name="nativeCode">The native code to report.</param>
    /// <param name="nativeText">The native text to report.</param>
    /// <param name="isTransient">Whether the rejection is transient.</param>
    public void RejectNext(int count, int? nativeCode = null, string? nativeText = "Rejected by InMemory sender", bool isTransient = false)
        => AddRule(count, null, _ => Outcome.Reject(nativeCode, nativeText, isTransient));

    /// <summary>Rejects every send whose message matches <paramref name="predicate"/>.</summary>
    /// <param name="predicate">Which messages to reject.</param>
    /// <param name="nativeCode">The native code to report.</param>
    /// <param name="nativeText">The native text to report.</param>
    public void RejectWhen(Func<TMessage, bool> predicate, int? nativeCode = null, string? nativeText = "Rejected by InMemory sender")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        AddRule(int.MaxValue, predicate, _ => Outcome.Reject(nativeCode, nativeText, false));
    }

    /// <summary>Throws from the next <paramref name="count"/> sends.</summary>
    /// <param name="count">How many sends throw.</param>
    /// <param name="exception">Creates the exception; <see langword="null"/> for a transient <see cref="MessagingTransportException"/>.</param>
    public void ThrowNext(int count, Func<Exception>? exception = null)
        => AddRule(count, null, _ => Outcome.Throw((exception ?? DefaultException)()));

    /// <summary>Throws from every send whose message matches <paramref name="predicate"/>.</summary>
    /// <param name="predicate">Which messages fail.</param>
    /// <param name="exception">Creates the exception; <see langword="null"/> for a transient <see cref="MessagingTransportException"/>.</param>
    public void ThrowWhen(Func<TMessage, bool> predicate, Func<Exception>? exception = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        AddRule(int.MaxValue, predicate, _ => Outcome.Throw((exception ?? DefaultException)()));
    }

    /// <summary>Reports the next <paramref name="count"/> sends as <see cref="SendStatus.Unknown"/> (the answer was lost).</summary>
    /// <param name="count">How many sends.</param>
    public void ReportUnknownNext(int count) => AddRule(count, null, _ => Outcome.Unknown());

    /// <summary>Forgets every record and every failure rule.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _records.Clear();
            _rules.Clear();
        }
    }

    /// <summary>Validates, applies the failure rules and records the send.</summary>
    /// <param name="message">The message.</param>
    /// <param name="accept">Builds the Accepted result.</param>
    /// <param name="reject">Builds a Rejected result.</param>
    /// <param name="unknown">Builds an Unknown result.</param>
    /// <param name="validate">Validates the message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The result.</returns>
    private protected Task<TResult> SendCoreAsync(
        TMessage message,
        Func<TMessage, TResult> accept,
        Func<int?, string?, bool, TResult> reject,
        Func<TResult> unknown,
        Action<TMessage> validate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        Outcome outcome;
        try
        {
            validate(message);
        }
        catch (MessageValidationException ex)
        {
            Record(new(message, null, ex, now));
            throw;
        }

        lock (_gate)
        {
            outcome = Outcome.Accept();
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (rule.Predicate is null || rule.Predicate(message))
                {
                    outcome = rule.Create(message);
                    if (rule.Remaining != int.MaxValue && --rule.Remaining == 0)
                    {
                        _rules.RemoveAt(i);
                    }

                    break;
                }
            }
        }

        if (outcome.Exception is { } exception)
        {
            Record(new(message, null, exception, now));
            return Task.FromException<TResult>(exception);
        }

        var result = outcome.Kind switch
        {
            SendStatus.Accepted => accept(message),
            SendStatus.Rejected => reject(outcome.Code, outcome.Text, outcome.Transient),
            _ => unknown(),
        };
        result = (TResult)(result with { SenderName = SenderName, Transport = "inmemory" });
        Record(new(message, result, null, now));
        return Task.FromResult(result);
    }

    private static MessagingTransportException DefaultException()
        => new("Injected failure from an InMemory sender.") { IsTransient = true };

    private void Record(InMemorySendRecord<TMessage, TResult> record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    private void AddRule(int count, Func<TMessage, bool>? predicate, Func<TMessage, Outcome> create)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _rules.Add(new Rule { Remaining = count, Predicate = predicate, Create = create });
        }
    }

    private sealed class Rule
    {
        public int Remaining { get; set; }

        public Func<TMessage, bool>? Predicate { get; init; }

        public required Func<TMessage, Outcome> Create { get; init; }
    }

    private readonly record struct Outcome(SendStatus Kind, int? Code, string? Text, bool Transient, Exception? Exception)
    {
        public static Outcome Accept() => new(SendStatus.Accepted, null, null, false, null);

        public static Outcome Reject(int? code, string? text, bool transient) => new(SendStatus.Rejected, code, text, transient, null);

        public static Outcome Unknown() => new(SendStatus.Unknown, null, null, false, null);

        public static Outcome Throw(Exception exception) => new(SendStatus.Rejected, null, null, false, exception);
    }
}

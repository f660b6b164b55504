namespace Messaging.Sdk.Testing;

/// <summary>One send seen by an in-memory sender: the message, and either its result or the exception thrown.</summary>
/// <typeparam name="TMessage">The message type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
/// <param name="Message">The message as passed to <c>SendAsync</c>.</param>
/// <param name="Result">The result returned, or <see langword="null"/> when the send threw.</param>
/// <param name="Exception">The exception thrown, or <see langword="null"/>.</param>
/// <param name="Timestamp">When the send happened, from the sender's <see cref="TimeProvider"/>.</param>
public sealed record InMemorySendRecord<TMessage, TResult>(TMessage Message, TResult? Result, Exception? Exception, DateTimeOffset Timestamp)
    where TResult : SendResult;

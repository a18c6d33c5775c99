package dev.shepherd.feedback;

class InMemoryFeedbackStoreTest extends FeedbackStoreContract {
    @Override
    protected FeedbackStore createStore() {
        return new InMemoryFeedbackStore();
    }
}

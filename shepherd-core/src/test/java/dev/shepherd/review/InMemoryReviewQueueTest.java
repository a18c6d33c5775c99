package dev.shepherd.review;

class InMemoryReviewQueueTest extends ReviewQueueContract {
    @Override
    protected ReviewQueue queue() {
        return new InMemoryReviewQueue();
    }
}

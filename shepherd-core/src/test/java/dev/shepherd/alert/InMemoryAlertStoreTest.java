package dev.shepherd.alert;

class InMemoryAlertStoreTest extends AlertStoreContract {
    @Override
    protected AlertStore store() {
        return new InMemoryAlertStore();
    }
}

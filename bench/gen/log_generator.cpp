// Placeholder: the sample generator library.
namespace sluice_gen {
int Placeholder() { return 0; }
}

"""The risk register: each product's risks and opportunities, by exposure."""

"""RNN Explorer's library: data, analysis, training and figures, importable without Streamlit."""

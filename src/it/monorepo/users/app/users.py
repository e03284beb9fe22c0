"""The users service's page."""


def page(title: str) -> str:
    """Return the HTML page the users service serves."""
    return f"<h1>{title}</h1><p>users service</p>"


if __name__ == "__main__":
    print(page("Users"))
